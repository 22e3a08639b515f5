"""Reading press releases from files and writing records out."""
