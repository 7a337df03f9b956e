"""Underwriting: policies and their versioned terms; later the grading engine, credit limit
requests and decisions, and limit history."""
