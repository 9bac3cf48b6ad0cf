"""khabar.app.web"""
