"""Teacher insights: gradebook, item analysis, mastery by objective, and charts drawn as SVG.

Plain modules the views call; each reads a fixed number of SQL statements whatever the class size.
"""
