"""Interoperability with the public-sector software ecosystem.

`publiccode_rules` states the publiccode.yml standard's rules once; the
export builds a file from a pilot or a catalogue entry, the import reads a
file from elsewhere into a new pilot's form, `safe_yaml` parses untrusted
YAML within fixed bounds and `fetch` retrieves a file by URL without reaching
private addresses. None of these modules touches a Flask request.
"""
