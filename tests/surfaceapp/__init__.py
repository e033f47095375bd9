"""A register installed only in the test settings (kokybe/settings_test.py), standing for a wave-2 app such as the
complaints register: it appears on every shared surface by adding one module to itself (`surfaces.py`, plus its own
templates) and touching no other app. Its tests (tests/surfaceapp/tests/) show it on each surface.

It stays off the pages of every other test: it contributes only while a test has switched it on (the `surfaceapp`
fixture, see `switch`), so the query budgets the other tests measure are those of the real apps.
"""
