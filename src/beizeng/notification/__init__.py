"""In-app notifications and the pluggable channels that also send them (issue 13 point 5)."""
