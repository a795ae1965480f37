"""What of a web page or pasted text is the article: body, title, date, byline."""
