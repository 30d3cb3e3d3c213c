"""The signed agreement as a PDF: the agreement, the signature block and the certificate."""
