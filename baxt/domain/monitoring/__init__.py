"""The monitoring figures' model: the measures, the age bands and small-count suppression."""
