from khabar.app.cli import main

main()
