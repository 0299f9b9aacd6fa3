"""The workbook: the sheet schema declared once, and the reader, loader, writer, template and export it drives."""
