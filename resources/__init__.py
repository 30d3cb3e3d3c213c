"""The files shipped with zzsign — agreements, disclosures, fonts, icons — installed as the
data-only package ``zzsign.shipped`` (see setup.py and zzsign/resources.py)."""
