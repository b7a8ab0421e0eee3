from baxt.cli import main

main()
