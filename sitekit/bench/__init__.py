"""``invoke bench``: build speed against plain Pelican, edit-to-preview, memory, page weight.

- ``corpus``: a reproducible German blog corpus of any size;
- ``builds``: timed builds of this kit and of plain Pelican in one run;
- ``weight``: the gzip weight of typical pages against the budget.
"""
