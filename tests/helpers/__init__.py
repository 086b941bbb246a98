"""What tests share besides fixtures (those are in the conftest.py files): helpers imported by several test modules."""
