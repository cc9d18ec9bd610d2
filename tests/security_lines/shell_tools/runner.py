import subprocess


def run_tool(args):
    return subprocess.check_output("/usr/local/bin/tool " + args, shell=True).decode()
