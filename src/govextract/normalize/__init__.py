"""Pure functions that find quantities in text and normalise them to records with exact offsets."""
