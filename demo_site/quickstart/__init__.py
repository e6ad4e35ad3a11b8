"""The examples of the Flask quickstart, as one Flask-style app mounted under /quickstart/."""

from django.urls import reverse
from werkzeug.utils import secure_filename

from flaskcompat import (
    Flask,
    abort,
    escape,
    flash,
    get_flashed_messages,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

app = Flask(__name__)
# Inside the Django project, Django's SECRET_KEY signs the session (an app key would be a check warning).
# The layout links to the Django pages by their URL names.
app.add_template_global(reverse, "django_url")


@app.route("/")
def index():
    # The quickstart returns the sentence alone; here it heads the page listing the examples.
    return render_template("index.html", username=session.get("username"))


@app.route("/hello/")
@app.route("/hello/<name>")
def hello(name=None):
    return render_template("hello.html", name=name)


@app.route("/user/<username>")
def show_user_profile(username):
    return f"User {escape(username)}"


@app.route("/post/<int:post_id>")
def show_post(post_id):
    return f"Post {post_id}"


@app.route("/projects/")
def projects():
    return "The project page"


@app.route("/about")
def about():
    return "The about page"


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        session["username"] = request.form["username"]
        flash("You were logged in")
        return redirect(url_for("index"))
    return render_template("login.html")


@app.route("/logout")
def logout():
    session.pop("username", None)
    return redirect(url_for("index"))


@app.route("/flashes")
def flashes():
    return render_template("flashes.html")


@app.route("/flash-to-django")
def flash_to_django():
    """A Flask view whose flash the Django home page shows (Django's messages framework)."""
    flash("Hello from a Flask view", "success")
    return redirect(reverse("home"))


@app.route("/upload", methods=["GET", "POST"])
def upload_file():
    if request.method == "POST":
        f = request.files["the_file"]
        return f"Received {secure_filename(f.filename)} ({len(f.read())} bytes)"
    return render_template("upload.html")


@app.route("/cookie")
def cookie():
    resp = make_response(f"username cookie: {escape(request.cookies.get('username', '-'))}")
    resp.set_cookie("username", "the username")
    return resp


@app.route("/secret")
def secret():
    abort(401)


@app.errorhandler(404)
def page_not_found(error):
    resp = make_response(render_template("page_not_found.html"), 404)
    resp.headers["X-Something"] = "A value"
    return resp


@app.context_processor
def inject_flashes():
    return {"pending": get_flashed_messages}
