"""The executives' portfolio dashboard: filters, figures, the alliance table and exports.

Every figure comes from SQL over stored results (stages and principle scores written at
submission), in a number of queries that does not grow with the portfolio.
"""
