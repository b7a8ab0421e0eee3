"""The pure model: the case aggregate, its values and rules, the quarter calendar."""
