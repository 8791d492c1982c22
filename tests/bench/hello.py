"""Flask hello-world app: the baseline every Amtsnetz page is compared with."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "Hello, World!"
