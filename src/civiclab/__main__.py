from civiclab.cli import main

main()
