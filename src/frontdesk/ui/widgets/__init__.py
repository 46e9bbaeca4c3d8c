"""Reusable pieces the panes share, below every pane package (a widget here imports no pane).

Forms (form, form_parts, money_field, time_field, schedule_inputs, confirm), tables (models: the record
model with sortable columns), tab and table helpers (common, tab_base), files (file_dialog,
file_folders) and finding a patient (patient_picker over patient_search_bar, patient_results_model,
patient_results_view and patient_display).
"""
