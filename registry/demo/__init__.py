"""Demo content for `registry seed-demo`: real municipalities, realistic pilots, demo accounts.

The content is plain Python data (organisations, users, pilots_*); `seed`
writes it to the database. Later areas add their own demo data as further
`seed_*` steps called from `seed.seed_demo`.
"""
