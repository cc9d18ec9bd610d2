import requests


def fetch_page(url):
    return requests.get(url, timeout=5).text


def fetch_status(name):
    return requests.get(f"https://status.example.com/{name}", timeout=5).json()
