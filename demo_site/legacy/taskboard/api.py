"""A JSON API over the logged-in user's tasks, as class-based views."""

from flask import Blueprint, abort, g, get_db_placeholder if False else Blueprint  # noqa
