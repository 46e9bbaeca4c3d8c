#!/bin/sh
# Install (or update) FrontDesk from this unpacked tarball, and add it to the applications menu.
#
#   ./install.sh              this user only: ~/.local/opt/FrontDesk, menu entry in ~/.local/share/applications
#   sudo ./install.sh         every user of this computer: /opt/FrontDesk, menu entry in /usr/share/applications
#   ./install.sh --uninstall  (or sudo ...) remove the program and its menu entry
#
# Only the program is installed or removed: the practice's data folder (~/.local/share/FrontDesk of each
# user) is never touched. Back it up (frontdesk backup --to DIR) before moving computers.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = "0" ]; then
    prefix=/opt/FrontDesk; apps=/usr/share/applications; icons=/usr/share/icons/hicolor/256x256/apps
    bindir=/usr/local/bin
else
    prefix="$HOME/.local/opt/FrontDesk"; apps="$HOME/.local/share/applications"
    icons="$HOME/.local/share/icons/hicolor/256x256/apps"; bindir="$HOME/.local/bin"
fi

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$prefix"
    rm -f "$apps/frontdesk.desktop" "$icons/frontdesk.png"
    [ -L "$bindir/frontdesk" ] && rm -f "$bindir/frontdesk"
    echo "FrontDesk removed from $prefix. The practice data folders were not touched."
    exit 0
fi

mkdir -p "$prefix" "$apps" "$icons" "$bindir"
# Replace the program folder as a whole so no file of an older version is left behind.
rm -rf "$prefix.new"
cp -a "$here/FrontDesk" "$prefix.new"
rm -rf "$prefix"
mv "$prefix.new" "$prefix"
cp "$here/frontdesk.png" "$icons/frontdesk.png"
sed -e "s|^Exec=.*|Exec=$prefix/frontdesk|" -e "s|^TryExec=.*|TryExec=$prefix/frontdesk|" \
    "$here/frontdesk.desktop" > "$apps/frontdesk.desktop"
chmod 0644 "$apps/frontdesk.desktop"
ln -sf "$prefix/frontdesk" "$bindir/frontdesk"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" >/dev/null 2>&1 || true
echo "FrontDesk installed in $prefix (menu: Office > FrontDesk; command: $bindir/frontdesk)."
echo "Check it with: $prefix/frontdesk --self-check"
