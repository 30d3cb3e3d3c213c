"""HR's private key and password for the key-wrapping tests, with the cheapest Argon2 cost."""

from __future__ import annotations

from zzsign.security.sealing import generate_hr_key_pair

#: The cheapest Argon2 parameters (the tests' wrapping is not about strength).
FAST = {"time_cost": 1, "memory_cost_kib": 64, "parallelism": 1}
#: HR's password in these tests.
PASSWORD = "correct horse battery staple"
#: One HR private key, made once per process.
PRIVATE_KEY = generate_hr_key_pair().private_key
