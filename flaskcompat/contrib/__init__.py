"""Optional bridges for what a Flask app brings besides its views: its users' password hashes
(:mod:`.hashers`), Flask-Login (:mod:`.login`) and Flask-SQLAlchemy (:mod:`.sqlalchemy`).
Each module imports its extension only when used."""
