"""Reply deadlines of demands, supervised: the daily sweep, pboc's page, the late replies per
bank for the bulletin (C-3.4.2). The clock itself is set by the demand feature; this slice only
watches it, so pboc's supervision does not grow inside the demand workflow."""
