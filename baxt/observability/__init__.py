"""Seeing Baxt run: OpenTelemetry traces, with no personal data in any span."""
