"""The seed's FastAPI app, GET / only, as the guide describes it: the benchmark's peer for the
sample app's GET /. Written for the benchmark; not shipped. Run: uvicorn app:app --workers 1."""
import os
import socket

from fastapi import FastAPI

app = FastAPI()
APP_NAME = os.environ.get("APP_NAME", "fastapi-k8s")
SERVER = socket.gethostname()


@app.get("/")
def root():
    return {"message": f"Hello from {APP_NAME}!", "server": SERVER}
