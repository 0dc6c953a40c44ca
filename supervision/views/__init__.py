"""The boards' pages: few and plain, for residents on a phone as much as for the Front's
officers at a desk."""
