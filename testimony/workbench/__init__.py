"""The indexing workbench: one testimony's recording beside its segments and
timed transcript, each segment and cue edited and saved on its own."""
