//! A spec-faithful fake of the List sessions API (feature `fake`).
