"""The product's areas that later releases fill: each page says plainly what is coming."""
