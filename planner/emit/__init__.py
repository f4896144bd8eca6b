"""Outputs made from plan.json: reports, summaries, the schedule workbook."""
