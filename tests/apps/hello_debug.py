import sys

from hello import app

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=True)
