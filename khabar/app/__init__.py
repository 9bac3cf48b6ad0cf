"""khabar.app"""
