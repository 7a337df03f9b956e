"""Documents (WeasyPrint PDFs) and analytics (pandas). Reads the domains, writes nothing back."""
