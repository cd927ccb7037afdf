"""Unit names: the gazetteer of divisions, splitting lists as written, qualifying and typing each name."""
