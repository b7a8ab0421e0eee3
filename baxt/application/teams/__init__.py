"""Interagency teams, their gatherings, the decisions of case conferences, and the training
figures."""
