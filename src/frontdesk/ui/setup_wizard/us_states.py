"""A combo box of US states and territories: shows 'NY – New York', yields the two-letter code."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "AS": "American Samoa", "GU": "Guam",
    "MP": "Northern Mariana Islands", "PR": "Puerto Rico", "VI": "U.S. Virgin Islands",
}


class StateCombo(QComboBox):
    """Pick a state by typing its code (type 'NY') or scrolling; starts empty so nothing is assumed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("Choose a state\u2026", "")
        for code in sorted(STATE_NAMES):
            self.addItem(f"{code} \u2013 {STATE_NAMES[code]}", code)
        self.setMaxVisibleItems(15)

    def code(self) -> str:
        """The chosen two-letter code, or '' when none is chosen."""
        return str(self.currentData() or "")

    def set_code(self, code: str) -> None:
        """Select the state with this code (or the empty choice when unknown)."""
        index = self.findData(code.upper())
        self.setCurrentIndex(max(index, 0))
