"""The courses pages, one module per audience and area; `office.courses` imports them."""
