"""One module per place of the main window."""
