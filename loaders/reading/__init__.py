"""Reading files: .txt (UTF-8 or GB18030), .docx and .pdf in a guarded child process, OCR; where each piece of text stands in the file."""
