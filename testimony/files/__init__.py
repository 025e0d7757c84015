"""Files made first-class: checked on upload, processed safely, verified for
fixity and delivered only as consent allows."""
