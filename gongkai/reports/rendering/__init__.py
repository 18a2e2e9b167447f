"""Rendering an annual report (report-data.md dict) as .docx, HTML and PDF, and reading it back."""
