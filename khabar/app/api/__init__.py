"""khabar.app.api"""
