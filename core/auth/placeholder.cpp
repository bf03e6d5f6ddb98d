// Placeholder so the area library has a source until its first file lands; remove then.
