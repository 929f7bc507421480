"""Views of the advisory board: members and rules, meetings, items and decisions."""
