"""The analysis stage: written numbers, figures, who is credited for them, parties and quantities.

read → segment → **analysis** → rules → report. ``attrlint.analysis.pipeline.analyse`` parses the
blocks that need it and fills the document model that the rules read.
"""
