"""Reports: bulletins and supervision notices (docx), indicator workbooks (xlsx), charts."""
