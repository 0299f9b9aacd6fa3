"""The board: the hard rules on day-indexed arrays, asked by every day-by-day builder and explanation."""
