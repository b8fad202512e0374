"""What a batch reports: its manifest, summary.docx, tallies, long tables and the Prefect report.

The modules load what they need themselves (python-docx, matplotlib): importing the package costs
nothing.
"""
